/** The bundled sample photos (resources/images, credits in its LICENSES.md), as the bundler's URLs. */
import astronaut from '../../../../resources/images/astronaut.png';
import brick from '../../../../resources/images/brick.png';
import camera from '../../../../resources/images/camera.png';
import chelsea from '../../../../resources/images/chelsea.png';
import china from '../../../../resources/images/china.jpg';
import coffee from '../../../../resources/images/coffee.png';
import coins from '../../../../resources/images/coins.png';
import flower from '../../../../resources/images/flower.jpg';
import rocket from '../../../../resources/images/rocket.jpg';

export interface Photo {
  id: string;
  title: string;
  url: string;
  credit: string;
}

export const PHOTOS: Photo[] = [
  { id: 'camera', title: 'Cameraman (512×512 gray)', url: camera, credit: 'Lav Varshney, scikit-image, CC0' },
  { id: 'chelsea', title: 'Chelsea the cat', url: chelsea, credit: 'Stefan van der Walt, scikit-image, CC0' },
  { id: 'china', title: 'China (temple)', url: china, credit: 'danielbuechele (Flickr), CC BY 2.0' },
  { id: 'flower', title: 'Flower', url: flower, credit: 'vultilion (Flickr), CC BY 2.0' },
  { id: 'coins', title: 'Coins (gray)', url: coins, credit: 'Walters Art Museum, scikit-image' },
  { id: 'brick', title: 'Brick wall (gray)', url: brick, credit: 'CC0Textures, scikit-image, CC0' },
  { id: 'astronaut', title: 'Astronaut', url: astronaut, credit: 'NASA, public domain' },
  { id: 'coffee', title: 'Coffee', url: coffee, credit: 'Rachel Michetti, scikit-image, CC0' },
  { id: 'rocket', title: 'Rocket launch', url: rocket, credit: 'SpaceX, public domain' },
];
